/**
 * The packaging configuration, as electron-builder itself reads and checks it (its own schema), so
 * that a misspelt key fails here and not when somebody runs `npm run dist`; and the Electron fuses
 * that lock down an installed binary are set (see electron-builder.yml for why these and not others).
 */
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/harness.js';

describe('electron-builder.yml', () => {
  it('is a configuration electron-builder accepts, with the fuses that lock down the installed app', async () => {
    const config = await getConfig(ROOT, 'electron-builder.yml', null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('fails on a key electron-builder does not know', async () => {
    const config = await getConfig(ROOT, 'electron-builder.yml', null);
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } as never }, new DebugLogger(false))).rejects.toThrow(/configuration.electronFuses/);
  });
});
