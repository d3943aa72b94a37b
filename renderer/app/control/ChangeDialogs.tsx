import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TopologyIndex } from '../../../core/common/topology-index.js';
import {
  ACTION_METHODS,
  type ActionMethodName,
  type ActionRecord,
  type ParamsOf,
} from '../../../core/protocol/commands.js';
import type { ContainerNode, NetworkNode } from '../../../core/model/types.js';
import { compact, emptyPortRow, portsOf, type PortRow } from '../../control/form-values.js';
import { ActionDialog } from './ActionDialog.js';
import { CheckField } from './Fields.js';
import { PortsEditor } from './PortsEditor.js';

/** Publishing means recreating: the dialog says so, lists what is lost, and asks the server's own plan. */
export function PublishDialog({ index, container }: { index: TopologyIndex; container: ContainerNode }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<PortRow[]>([emptyPortRow()]);
  const publish = portsOf(rows) ?? [];
  const params = { container: container.name, publish };
  const now = index.portsOf(container.id).map((p) => p.label);
  return (
    <ActionDialog
      testId="publish-dialog"
      title={t('control.publish.title', { container: container.name })}
      intro={t('control.publish.intro')}
      method="container.publish"
      params={params}
      send={{ method: 'container.publish', params: { ...params, confirm: true } }}
      confirmLabel={t('control.publish.confirm')}
      busyLabel={t('control.publish.busy')}
      danger
      targets={[container.id]}
    >
      <p className="muted small">
        {now.length > 0 ? t('control.publish.already', { ports: now.join(', ') }) : t('control.publish.none')}
      </p>
      <PortsEditor field="publish" rows={rows} onChange={setRows} />
    </ActionDialog>
  );
}

export function RemoveContainerDialog({ container }: { container: ContainerNode }) {
  const { t } = useTranslation();
  const running = container.state === 'running' || container.state === 'restarting';
  const [force, setForce] = useState(running);
  const params = compact({ container: container.name, force: force || undefined });
  return (
    <ActionDialog
      testId="remove-container-dialog"
      title={t('control.removeContainer.title', { container: container.name })}
      intro={t('control.removeContainer.intro')}
      method="container.remove"
      params={params}
      confirmLabel={t('control.remove')}
      busyLabel={t('control.removing')}
      danger
      targets={[container.id]}
    >
      <CheckField
        field="force"
        label={t('control.fields.forceRemove')}
        checked={force}
        onChange={setForce}
        hint={running ? t('control.removeContainer.runningHint') : undefined}
      />
    </ActionDialog>
  );
}

export function RemoveNetworkDialog({ network }: { network: NetworkNode }) {
  const { t } = useTranslation();
  return (
    <ActionDialog
      testId="remove-network-dialog"
      title={t('control.removeNetwork.title', { network: network.name })}
      intro={t('control.removeNetwork.intro')}
      method="network.remove"
      params={{ network: network.name }}
      confirmLabel={t('control.remove')}
      busyLabel={t('control.removing')}
      danger
      targets={[network.id]}
    />
  );
}

export function PruneDialog() {
  const { t } = useTranslation();
  return (
    <ActionDialog
      testId="prune-dialog"
      title={t('control.prune.title')}
      intro={t('control.prune.intro')}
      method="network.prune"
      params={{}}
      confirmLabel={t('control.remove')}
      busyLabel={t('control.removing')}
      danger
      targets={[]}
    />
  );
}

const isActionMethod = (m: string): m is ActionMethodName => (ACTION_METHODS as string[]).includes(m);

/** Undo shows the inverse as the command it runs, then runs it through `action.undo`. */
export function UndoDialog({ action }: { action: ActionRecord }) {
  const { t } = useTranslation();
  const inverse = action.inverse;
  if (!inverse || !isActionMethod(inverse.method)) return null;
  return (
    <ActionDialog
      testId="undo-dialog"
      title={t('control.undo.title', { method: action.method })}
      intro={t('control.undo.intro', { command: action.cli.join(' && ') })}
      method={inverse.method}
      params={inverse.params as ParamsOf<ActionMethodName>}
      previewOf={{ method: inverse.method, params: inverse.params }}
      send={{ method: 'action.undo', params: { id: action.id } }}
      confirmLabel={t('control.undo.confirm')}
      busyLabel={t('control.undo.busy')}
      danger={inverse.method.endsWith('remove') || inverse.method === 'container.publish'}
      targets={[]}
    />
  );
}
