import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TopologyIndex } from '../../../core/common/topology-index.js';
import type { ImageInfo } from '../../../core/protocol/commands.js';
import {
  commandOf,
  compact,
  emptyPortRow,
  labelsOf,
  listOf,
  optionalText,
  portsOf,
  type PortRow,
} from '../../control/form-values.js';
import { runnableNetworks } from '../../control/targets.js';
import { useAppStore } from '../../store/app-store.js';
import { ActionDialog } from './ActionDialog.js';
import { CheckField, FieldGroup, SelectField, TextField } from './Fields.js';
import { PortsEditor } from './PortsEditor.js';

/** `name:alias` pairs, as `--link` takes them. */
function linksOf(text: string) {
  const pairs = listOf(text);
  return pairs?.map((p) => {
    const [container = '', alias] = p.split(':');
    return { container, alias: alias ?? container };
  });
}

/** The local images, asked once per dialog: Netloom never pulls, so this is all there is to run. */
function useImages(): ImageInfo[] | null {
  const ask = useAppStore((s) => s.ask);
  const [images, setImages] = useState<ImageInfo[] | null>(null);
  useEffect(() => {
    let live = true;
    void ask('image.list', {}).then((a) => live && setImages(a.ok ? a.result.images : []));
    return () => {
      live = false;
    };
  }, [ask]);
  return images;
}

/** `docker run -d` with the network settings this app is about; `network` preselects one. */
export function ContainerDialog({ index, network }: { index: TopologyIndex; network: string | null }) {
  const { t } = useTranslation();
  const images = useImages();
  const tagged = (images ?? []).flatMap((i) => i.tags);
  const [image, setImage] = useState('');
  const chosenImage = image || tagged[0] || '';
  const [name, setName] = useState('');
  const [mode, setMode] = useState(index.network(network)?.name ?? 'bridge');
  const [ipv4, setIpv4] = useState('');
  const [aliases, setAliases] = useState('');
  const [hostname, setHostname] = useState('');
  const [dns, setDns] = useState('');
  const [ports, setPorts] = useState<PortRow[]>([emptyPortRow()]);
  const [publishAll, setPublishAll] = useState(false);
  const [links, setLinks] = useState('');
  const [command, setCommand] = useState('');
  const [labels, setLabels] = useState('');

  const modes = [
    ...runnableNetworks(index).map((n) => ({
      value: n.name,
      label: n.name === 'bridge' ? t('control.run.defaultBridge') : n.name,
    })),
    { value: 'host', label: t('control.run.hostMode') },
    { value: 'none', label: t('control.run.noneMode') },
    ...index.containers
      .filter((c) => c.state === 'running')
      .map((c) => ({ value: `container:${c.name}`, label: t('control.run.shareMode', { container: c.name }) })),
  ];
  const params = compact({
    image: chosenImage,
    name: optionalText(name),
    network: mode,
    ipv4: optionalText(ipv4),
    aliases: listOf(aliases),
    hostname: optionalText(hostname),
    dns: listOf(dns),
    publish: portsOf(ports),
    publishAll: publishAll || undefined,
    links: linksOf(links),
    command: commandOf(command),
    labels: labelsOf(labels),
  });
  const userNetwork = mode !== 'bridge' && mode !== 'host' && mode !== 'none' && !mode.startsWith('container:');
  return (
    <ActionDialog
      testId="container-dialog"
      title={t('control.run.title')}
      intro={t('control.run.intro')}
      method="container.run"
      params={params}
      confirmLabel={t('control.run.confirm')}
      busyLabel={t('control.run.busy')}
      targets={index.network(network) ? [network as string] : []}
    >
      <div className="field-row">
        {images && images.length > 0 ? (
          <SelectField
            field="image"
            label={t('control.fields.image')}
            value={chosenImage}
            options={tagged.map((tag) => ({ value: tag, label: tag }))}
            onChange={setImage}
            hint={t('control.run.imageHint')}
          />
        ) : (
          <TextField
            field="image"
            label={t('control.fields.image')}
            value={image}
            onChange={setImage}
            hint={t('control.run.imageHint')}
            mono
          />
        )}
        <TextField
          field="name"
          label={t('control.fields.containerName')}
          value={name}
          onChange={setName}
          placeholder="web"
        />
      </div>
      <FieldGroup legend={t('control.run.networking')}>
        <div className="field-row">
          <SelectField
            field="network"
            label={t('control.fields.network')}
            value={mode}
            options={modes}
            onChange={setMode}
            hint={t(`control.run.modeHint.${modeKind(mode)}`)}
          />
          {userNetwork && (
            <TextField
              field="ipv4"
              label={t('control.fields.ipv4')}
              value={ipv4}
              onChange={setIpv4}
              placeholder="172.30.0.10"
              mono
            />
          )}
        </div>
        {userNetwork && (
          <TextField
            field="aliases"
            label={t('control.fields.aliases')}
            value={aliases}
            onChange={setAliases}
            placeholder="db, cache"
          />
        )}
        {!mode.startsWith('container:') && (
          <div className="field-row">
            <TextField
              field="hostname"
              label={t('control.fields.hostname')}
              value={hostname}
              onChange={setHostname}
              placeholder="web1"
            />
            <TextField
              field="dns"
              label={t('control.fields.dns')}
              value={dns}
              onChange={setDns}
              placeholder="127.0.0.1"
              mono
            />
          </div>
        )}
        {mode === 'bridge' && (
          <TextField
            field="links"
            label={t('control.fields.links')}
            value={links}
            onChange={setLinks}
            placeholder="db:database"
            hint={t('control.run.linksHint')}
          />
        )}
      </FieldGroup>
      {mode !== 'host' && mode !== 'none' && !mode.startsWith('container:') && (
        <>
          <PortsEditor field="publish" rows={ports} onChange={setPorts} />
          <CheckField
            field="publishAll"
            label={t('control.fields.publishAll')}
            checked={publishAll}
            onChange={setPublishAll}
          />
        </>
      )}
      <TextField
        field="command"
        label={t('control.fields.command')}
        value={command}
        onChange={setCommand}
        placeholder="httpd -f -p 80 -h /www"
        hint={t('control.run.commandHint')}
        mono
      />
      <TextField
        field="labels"
        label={t('control.fields.labels')}
        value={labels}
        onChange={setLabels}
        placeholder="course=net101"
      />
    </ActionDialog>
  );
}

function modeKind(mode: string): 'bridge' | 'host' | 'none' | 'shared' | 'user' {
  if (mode === 'bridge' || mode === 'host' || mode === 'none') return mode;
  return mode.startsWith('container:') ? 'shared' : 'user';
}
