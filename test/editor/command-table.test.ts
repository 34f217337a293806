/**
 * The command table (shared/commands.ts) that keys, menus, palette and toolbar are built from: no key
 * runs two commands, keys read the same everywhere they are shown, and the desktop menu's
 * accelerators are the table's.
 */
import { describe, expect, it } from 'vitest';
import { accelerator, changeKinds, COMMANDS, commandSpec, keyLabel, PANEL_EDITS, titleOf } from '../../shared/commands.js';
import { menuTemplate } from '../../electron/menu.js';
import type { MenuItemConstructorOptions } from 'electron';

describe('the command table', () => {
  it('gives every key to one command only, in the editor and in Annotate mode', () => {
    const keys = COMMANDS.flatMap((c) => c.keys);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    const bare = COMMANDS.flatMap((c) => ('annotateKeys' in c ? c.annotateKeys : []));
    expect(bare.filter((k, i) => bare.indexOf(k) !== i)).toEqual([]);
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
  });

  it('writes keys for people and for Electron', () => {
    expect(keyLabel('Mod-Shift-Enter')).toBe('Ctrl+Shift+Enter');
    expect(keyLabel('Mod-Shift-z', true)).toBe('Cmd+Shift+Z');
    expect(keyLabel('Alt-ArrowDown')).toBe('Alt+↓');
    expect(accelerator('Mod-Shift-z')).toBe('CmdOrCtrl+Shift+Z');
    expect(accelerator('Alt-ArrowUp')).toBe('Alt+Up');
    expect(titleOf(commandSpec('reassign'))).toBe("Reassign this turn's speaker (Alt+S)");
  });

  it('lists every change kind the save test must cover: the commands that change the file, then the panel edits', () => {
    const kinds = changeKinds();
    expect(kinds).toContain('claim');
    expect(kinds).toContain('tag-9');
    expect(kinds).not.toContain('undo');
    for (const edit of PANEL_EDITS) expect(kinds).toContain(edit);
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it("is where the desktop menu's accelerators come from", () => {
    const template = menuTemplate({ platform: 'linux', isPackaged: true, recent: [], send: () => undefined, open: () => undefined, openRecent: () => undefined, clearRecent: () => undefined });
    const items = template.flatMap((m) => (Array.isArray(m.submenu) ? (m.submenu as MenuItemConstructorOptions[]) : []));
    const byLabel = (label: string) => items.find((i) => i.label === label)?.accelerator;
    expect(byLabel('&Save')).toBe(accelerator(commandSpec('save').keys[0]!));
    expect(byLabel('&Export…')).toBe(accelerator(commandSpec('export').keys[0]!));
    expect(byLabel('&Undo')).toBe(accelerator(commandSpec('undo').keys[0]!));
    expect(byLabel('&Redo')).toBe(accelerator(commandSpec('redo').keys[0]!));
  });
});
