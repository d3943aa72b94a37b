import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  /** A packaged app has no DevTools: the renderer holds the topology and nothing else needs inspecting. */
  packaged: boolean;
  showAbout(): void;
  /** The "Read-only mode" setting as it is now. */
  readOnly: boolean;
  /** Called with the new value when the person toggles it. */
  setReadOnly(readOnly: boolean): void;
}

/** The application menu, as data (Menu.buildFromTemplate turns it into a menu). */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [{ role: 'reload' }];
  if (!options.packaged) view.push({ role: 'toggleDevTools' });
  view.push({ type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' });
  view.push(
    { type: 'separator' },
    {
      label: 'Read-only mode',
      type: 'checkbox',
      checked: options.readOnly,
      click: (item) => options.setReadOnly(item.checked),
    },
  );
  return [
    { label: 'File', submenu: [{ role: 'quit' }] },
    { label: 'View', submenu: view },
    { label: 'Help', submenu: [{ label: 'About Netloom', click: () => options.showAbout() }] },
  ];
}

/** The About box's text. */
export function aboutText(version: string, versions: NodeJS.ProcessVersions): { message: string; detail: string } {
  return {
    message: `Netloom ${version}`,
    detail: `A live graph of this host's container networking.\n\nElectron ${versions['electron'] ?? '?'} · Chromium ${versions['chrome'] ?? '?'} · Node ${versions.node}`,
  };
}
