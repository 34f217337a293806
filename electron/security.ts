/**
 * The desktop shell's defences, in one place so they can be read together: the Content Security
 * Policy, the navigation and window guards, the one way out to the system browser, the permission
 * handlers, and the check that an IPC call comes from our own page. The renderer's web preferences
 * are an object literal in main.ts (createMainWindow), where Electronegativity can read them.
 *
 * The page renders transcripts, which are text from anywhere. If a bug ever let that text become
 * markup, these make sure it still could not run code, load anything, leave the app's own page, or
 * reach the API from a frame that is not ours. SECURITY.md describes the whole model.
 */
import { pathToFileURL } from 'node:url';
import { shell, type HandlerDetails, type IpcMainInvokeEvent, type Session, type WebContents } from 'electron';
import { z } from 'zod';

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
 * The only addresses Parley hands to the operating system: absolute http or https URLs without user
 * name or password (`https://bank.example@evil.example/` reads as the bank but is not). Anything
 * else (`javascript:`, `file:`, `smb:`, a custom protocol handler that would start a program) is
 * refused. Returns the normalised URL, or null.
 */
const ExternalUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .transform((u) => new URL(u))
  .refine((u) => u.username === '' && u.password === '', 'must not carry a user name or password');

export function externalUrl(url: unknown): string | null {
  const parsed = ExternalUrlSchema.safeParse(url);
  return parsed.success ? parsed.data.href : null;
}

/**
 * Window dispositions that come from a click on a link (a `target="_blank"` link, or a middle- or
 * Ctrl-click): the renderer has no other reason to open a window, and a script could not run in it
 * to call window.open (the CSP allows only our own scripts).
 */
const LINK_DISPOSITIONS: ReadonlySet<HandlerDetails['disposition']> = new Set(['foreground-tab', 'background-tab']);

/**
 * Open a link the user clicked in our page in the system browser, when it is http(s). This is the
 * one reviewed call of shell.openExternal (the lint rule in eslint.config.js forbids any other).
 * Returns true when the link was handed over.
 */
export function openClickedLink(contents: WebContents, page: RendererPage, details: HandlerDetails): boolean {
  if (!LINK_DISPOSITIONS.has(details.disposition) || !page.is(contents.getURL())) return false;
  const url = externalUrl(details.url);
  if (url === null) return false;
  // eslint-disable-next-line no-restricted-syntax -- the reviewed helper: only http(s) URLs without credentials, from our page, on a click.
  shell.openExternal(url).catch((e: unknown) => console.warn('Parley: the browser did not open the link:', e)); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
  return true;
}

/**
 * Guard any web contents, ours or one that something manages to create: no new windows (an http(s)
 * link the user clicked opens in the system browser instead), no navigation away from our page, no
 * redirects, no <webview>.
 */
export function guardContents(contents: WebContents, page: RendererPage): void {
  contents.setWindowOpenHandler((details) => {
    openClickedLink(contents, page, details);
    return { action: 'deny' };
  });
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

/** Response headers without any Content-Security-Policy, whatever its case, so ours is the only one. */
function withoutPolicy(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const kept: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') kept[name] = value;
  }
  return kept;
}

/**
 * Harden a session: the CSP header on every response (the page also carries it in a <meta> tag,
 * which is what applies to file:// loads, where Chromium may not consult response headers), and no
 * permission for anything: a transcript editor needs no camera, location, notifications, clipboard
 * reads, USB or HID devices.
 *
 * The policy is a literal here so that Electronegativity's CSP check can read it. Nothing may load
 * except the app's own files: scripts and the bundled stylesheet from the page's origin, no inline
 * script or style element, no eval, no plugins, no frames, no forms, no network (the API goes over
 * IPC); `data:` images only for the page's empty favicon (`<link rel="icon" href="data:,">`).
 */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...withoutPolicy(details.responseHeaders),
        'Content-Security-Policy': [
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ],
      },
    });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
