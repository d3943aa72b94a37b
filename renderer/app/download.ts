/** Saves a Blob through a temporary object URL and `<a download>`: works in Electron and browsers alike. */
export function download(data: Blob | string, filename: string, type: string): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `netloom-devbox-2026-11-25T12-00-00.json`: host and time, no characters file systems dislike. */
export function exportName(hostname: string, ext: string, now = new Date()): string {
  const safeHost = hostname.replace(/[^A-Za-z0-9._-]+/g, '_') || 'host';
  return `netloom-${safeHost}-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.${ext}`;
}
