import { useAppStore, type AppStore } from '../store/app-store.js';
import { readSnapshotFile, type FileLike } from './logic/snapshot-file-read.js';

/** Opens a picked or dropped file: shown when it is a topology, else the error, and the old picture stays. */
export async function openSnapshotFile(file: FileLike, store: AppStore = useAppStore): Promise<void> {
  const result = await readSnapshotFile(file);
  if (result.ok) store.getState().openFile(file.name, result.topology);
  else store.getState().fileFailed(file.name, result.problem);
}
