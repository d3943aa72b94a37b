import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NETWORK_DRIVERS } from '../../../core/protocol/commands.js';
import { compact, labelsOf, optionalNumber, optionalText } from '../../control/form-values.js';
import { ActionDialog } from './ActionDialog.js';
import { CheckField, FieldGroup, SelectField, TextField } from './Fields.js';

type Driver = (typeof NETWORK_DRIVERS)[number];

/** `docker network create` with the options people reach for when they learn or debug networking. */
export function NetworkDialog() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [driver, setDriver] = useState<Driver>('bridge');
  const [subnet, setSubnet] = useState('');
  const [gateway, setGateway] = useState('');
  const [ipRange, setIpRange] = useState('');
  const [internal, setInternal] = useState(false);
  const [iccOff, setIccOff] = useState(false);
  const [mtu, setMtu] = useState('');
  const [parent, setParent] = useState('');
  const [attachable, setAttachable] = useState(false);
  const [labels, setLabels] = useState('');
  const sub = driver === 'macvlan' || driver === 'ipvlan';
  const params = compact({
    name: name.trim(),
    driver,
    subnet: optionalText(subnet),
    gateway: optionalText(gateway),
    ipRange: optionalText(ipRange),
    internal: internal || undefined,
    icc: driver === 'bridge' && iccOff ? false : undefined,
    mtu: optionalNumber(mtu),
    parent: sub ? optionalText(parent) : undefined,
    attachable: driver === 'overlay' && attachable ? true : undefined,
    labels: labelsOf(labels),
  });
  return (
    <ActionDialog
      testId="network-dialog"
      title={t('control.network.title')}
      intro={t('control.network.intro')}
      method="network.create"
      params={params}
      confirmLabel={t('control.network.confirm')}
      busyLabel={t('control.network.busy')}
      targets={[]}
    >
      <div className="field-row">
        <TextField
          field="name"
          label={t('control.fields.networkName')}
          value={name}
          onChange={setName}
          placeholder="lab"
        />
        <SelectField
          field="driver"
          label={t('control.fields.driver')}
          value={driver}
          options={NETWORK_DRIVERS.map((d) => ({ value: d, label: d }))}
          onChange={setDriver}
          hint={t(`control.network.driverHint.${driver}`)}
        />
      </div>
      <FieldGroup legend={t('control.network.addressing')}>
        <div className="field-row">
          <TextField
            field="subnet"
            label={t('control.fields.subnet')}
            value={subnet}
            onChange={setSubnet}
            placeholder="172.30.0.0/24"
            mono
          />
          <TextField
            field="gateway"
            label={t('control.fields.gateway')}
            value={gateway}
            onChange={setGateway}
            placeholder="172.30.0.1"
            mono
          />
          <TextField
            field="ipRange"
            label={t('control.fields.ipRange')}
            value={ipRange}
            onChange={setIpRange}
            placeholder="172.30.0.128/25"
            mono
          />
        </div>
        <p className="field-hint">{t('control.network.addressingHint')}</p>
      </FieldGroup>
      <FieldGroup legend={t('control.network.options')}>
        <div className="field-row">
          <CheckField
            field="internal"
            label={t('control.fields.internal')}
            checked={internal}
            onChange={setInternal}
            hint={t('control.network.internalHint')}
          />
          {driver === 'bridge' && (
            <CheckField
              field="icc"
              label={t('control.fields.iccOff')}
              checked={iccOff}
              onChange={setIccOff}
              hint={t('control.network.iccHint')}
            />
          )}
          {driver === 'overlay' && (
            <CheckField
              field="attachable"
              label={t('control.fields.attachable')}
              checked={attachable}
              onChange={setAttachable}
            />
          )}
        </div>
        <div className="field-row">
          <TextField
            field="mtu"
            label={t('control.fields.mtu')}
            value={mtu}
            onChange={setMtu}
            placeholder="1500"
            inputMode="numeric"
          />
          {sub && (
            <TextField
              field="parent"
              label={t('control.fields.parent')}
              value={parent}
              onChange={setParent}
              placeholder="eth1"
              hint={t('control.network.parentHint')}
              mono
            />
          )}
        </div>
        <TextField
          field="labels"
          label={t('control.fields.labels')}
          value={labels}
          onChange={setLabels}
          placeholder="course=net101, lab=2"
        />
      </FieldGroup>
    </ActionDialog>
  );
}
