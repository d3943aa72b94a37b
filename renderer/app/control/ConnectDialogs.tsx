import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TopologyIndex } from '../../../core/common/topology-index.js';
import type { ContainerNode, NetworkNode } from '../../../core/model/types.js';
import { compact, listOf, optionalText } from '../../control/form-values.js';
import { joinableNetworks } from '../../control/targets.js';
import { ActionDialog } from './ActionDialog.js';
import { CheckField, SelectField, TextField } from './Fields.js';

/** `docker network connect`: the network (given by a drop, or chosen), optional aliases and a static address. */
export function ConnectDialog({
  index,
  container,
  network,
}: {
  index: TopologyIndex;
  container: ContainerNode;
  network: NetworkNode | null;
}) {
  const { t } = useTranslation();
  const choices = network ? [network] : joinableNetworks(index, container);
  const [networkId, setNetworkId] = useState(network?.id ?? choices[0]?.id ?? '');
  const [aliases, setAliases] = useState('');
  const [ipv4, setIpv4] = useState('');
  const target = index.network(networkId) ?? network;
  const subnet = target?.subnets.find((s) => !s.subnet.includes(':'))?.subnet;
  const params = compact({
    network: target?.name ?? '',
    container: container.name,
    aliases: listOf(aliases),
    ipv4: optionalText(ipv4),
  });
  return (
    <ActionDialog
      testId="connect-dialog"
      title={t('control.connect.title', { container: container.name, network: target?.name ?? '…' })}
      intro={t('control.connect.intro')}
      method="network.connect"
      params={params}
      confirmLabel={t('control.connect.confirm')}
      busyLabel={t('control.connect.busy')}
      targets={[container.id, ...(target ? [target.id] : [])]}
    >
      {!network && (
        <SelectField
          field="network"
          label={t('control.fields.network')}
          value={networkId}
          options={choices.map((n) => ({ value: n.id, label: n.name }))}
          onChange={setNetworkId}
        />
      )}
      <TextField
        field="aliases"
        label={t('control.fields.aliases')}
        value={aliases}
        onChange={setAliases}
        placeholder="db, cache"
        hint={target?.embeddedDns ? t('control.connect.aliasesHint') : t('control.connect.noDnsHint')}
      />
      <TextField
        field="ipv4"
        label={t('control.fields.ipv4')}
        value={ipv4}
        onChange={setIpv4}
        placeholder={subnet ?? '172.30.0.10'}
        hint={subnet ? t('control.connect.ipv4Hint', { subnet }) : t('control.connect.ipv4Auto')}
        mono
      />
    </ActionDialog>
  );
}

/** `docker network disconnect`, optionally forced. */
export function DisconnectDialog({ container, network }: { container: ContainerNode; network: NetworkNode }) {
  const { t } = useTranslation();
  const [force, setForce] = useState(false);
  const params = compact({ network: network.name, container: container.name, force: force || undefined });
  return (
    <ActionDialog
      testId="disconnect-dialog"
      title={t('control.disconnect.title', { container: container.name, network: network.name })}
      intro={t('control.disconnect.intro')}
      method="network.disconnect"
      params={params}
      confirmLabel={t('control.disconnect.confirm')}
      busyLabel={t('control.disconnect.busy')}
      danger={force}
      targets={[container.id, network.id]}
    >
      <CheckField
        field="force"
        label={t('control.fields.force')}
        checked={force}
        onChange={setForce}
        hint={t('control.disconnect.forceHint')}
      />
    </ActionDialog>
  );
}
