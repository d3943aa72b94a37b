import { TopologyIndex } from '../../../core/common/topology-index.js';
import { useAppStore } from '../../store/app-store.js';
import { controlsShown } from '../../store/commands.js';
import { ConnectDialog, DisconnectDialog } from './ConnectDialogs.js';
import { ContainerDialog } from './ContainerDialog.js';
import { NetworkDialog } from './NetworkDialog.js';
import { PruneDialog, PublishDialog, RemoveContainerDialog, RemoveNetworkDialog, UndoDialog } from './ChangeDialogs.js';

/**
 * The one open control dialog, if any. What it is about is looked up in the model as it
 * is now; an element that went away while the dialog was open closes it.
 */
export function DialogHost() {
  const dialog = useAppStore((s) => s.dialog);
  const topology = useAppStore((s) => s.topology);
  const shown = useAppStore(controlsShown);
  const log = useAppStore((s) => s.actionLog);
  if (!dialog || !topology || !shown) return null;
  const index = TopologyIndex.of(topology);
  switch (dialog.kind) {
    case 'connect': {
      const c = index.container(dialog.container);
      return c ? <ConnectDialog index={index} container={c} network={index.network(dialog.network) ?? null} /> : null;
    }
    case 'disconnect': {
      const c = index.container(dialog.container);
      const n = index.network(dialog.network);
      return c && n ? <DisconnectDialog container={c} network={n} /> : null;
    }
    case 'network-create':
      return <NetworkDialog />;
    case 'container-run':
      return <ContainerDialog index={index} network={dialog.network} />;
    case 'publish': {
      const c = index.container(dialog.container);
      return c ? <PublishDialog index={index} container={c} /> : null;
    }
    case 'remove-container': {
      const c = index.container(dialog.container);
      return c ? <RemoveContainerDialog container={c} /> : null;
    }
    case 'remove-network': {
      const n = index.network(dialog.network);
      return n ? <RemoveNetworkDialog network={n} /> : null;
    }
    case 'prune-networks':
      return <PruneDialog />;
    case 'undo': {
      const a = log?.find((x) => x.id === dialog.action);
      return a ? <UndoDialog action={a} /> : null;
    }
  }
}
