/**
 * The desktop shell's defences, in one place so they can be read together: the renderer's
 * preferences, its Content Security Policy, the navigation and window guards, the permission
 * handlers, and the check that an IPC call comes from our own page.
 *
 * The page renders transcripts, which are text from anywhere. If a bug ever let that text become
 * markup, these make sure it still could not run code, load anything, leave the app's own page, or
 * reach the API from a frame that is not ours.
 */
import { pathToFileURL } from 'node:url';
import type { IpcMainInvokeEvent, Session, WebContents, WebPreferences } from 'electron';

/**
 * Nothing may load except the app's own files; no inline script or style, no plugins, no frames,
 * no forms, no network. `data:` images are allowed because the bundler may inline small icons.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The renderer's web preferences. The lint rules in eslint.config.js forbid weakening any of them. */
export function secureWebPreferences(preload: string, devTools: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    devTools,
  };
}

/** The renderer's page, identified by its file URL; everything else is a stranger. */
export class RendererPage {
  /** The URL to compare against: the page's file URL without query or fragment. */
  readonly url: URL;

  constructor(readonly indexHtml: string) {
    this.url = pathToFileURL(indexHtml);
  }

  /** True when `url` is this page (a different query or fragment is still the same page). */
  is(url: string): boolean {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    return parsed.protocol === 'file:' && parsed.host === this.url.host && parsed.pathname === this.url.pathname;
  }

  /**
   * True when an IPC call comes from this page's top frame. A frame that navigated away or was
   * destroyed has no `senderFrame`; a subframe (there should be none: the CSP forbids frames) has a
   * parent. Either is refused, following VS Code's `validateEvent`.
   */
  isTrustedSender(event: IpcMainInvokeEvent): boolean {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && this.is(frame.url);
  }
}

/**
 * Guard any web contents, ours or one that something manages to create: no new windows, no
 * navigation away from our page, no redirects, no <webview>.
 */
export function guardContents(contents: WebContents, page: RendererPage): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!page.is(event.url)) event.preventDefault();
  });
  // will-navigate covers only the top frame; our page has no frames (the CSP forbids them), so any
  // frame navigating anywhere but our page is stopped too.
  contents.on('will-frame-navigate', (event) => {
    if (!(event.isMainFrame && page.is(event.url))) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!page.is(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Harden a session: the CSP header on every response (the page also carries it in a <meta> tag,
 * which is what applies to file:// loads, where Chromium may not consult response headers), and no
 * permission for anything: a transcript editor needs no camera, location or notifications.
 */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // Drop any policy already present, whatever its case, so ours is the only one.
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // Checks are synchronous queries; writing to the clipboard from the editor's own copy command is
  // the only one Parley's page has reason to pass.
  session.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write');
}
