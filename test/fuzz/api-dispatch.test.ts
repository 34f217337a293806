/**
 * Fuzzing every API method in process, exactly as the Electron IPC handler calls it (electron/ipc.ts):
 * the arguments arrive through structured clone, go untouched to `dispatch`, and whatever dispatch
 * throws becomes the reply: a ParleyError's code and sentence, or, for anything else, "internal error"
 * (a bug). ipc.ts itself needs Electron to load; what it adds to dispatch is that wrapping, done here
 * the same way, so the property is the one the desktop app relies on.
 *
 * Property, for every request: the reply is a result that matches the contract or a ParleyError with a
 * sentence (never "internal", never a stack), and nothing under the test's folder is written unless a
 * method that writes (api-world.ts WRITERS) succeeded.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AccessPolicy } from '../../annotations/access.js';
import { createApiService, type ApiService } from '../../annotations/api-service.js';
import { DocumentService } from '../../annotations/document-service.js';
import { API_METHOD_NAMES } from '../../shared/api-methods.js';
import { isParleyError } from '../../shared/errors.js';
import { tempDir } from '../annotations/helpers.js';
import { EXPORT_FORMAT_IDS } from '../../shared/export/index.js';
import { Ref, argsFor, body, buildWorld, checkedCall, exportOptions, newTally, request, resolve, type Call, type World } from './api-world.js';
import { BAD_INPUTS } from './helpers.js';

/** What electron/ipc.ts's handler returns for one call: the result, or the error value it builds. */
function ipcCall(api: ApiService): Call {
  return async (method, args) => {
    try {
      return { ok: true, value: await api.dispatch(method, args === undefined ? undefined : structuredClone(args)) };
    } catch (e) {
      if (isParleyError(e)) return { ok: false, code: e.code, message: e.message };
      return { ok: false, code: 'internal', message: `${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
    }
  };
}

/** Values only IPC can carry (structured clone), not JSON: undefined, dates, maps, typed arrays, big ints. */
const cloneOnly = fc.anything({
  maxDepth: 2,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
});

/** The API over a fresh world, built as electron/main.ts builds it. */
async function setup(): Promise<{ call: Call; world: World; base: string }> {
  const base = await tempDir('parley-fuzz-ipc-');
  const root = join(base, 'served');
  await mkdir(root);
  const policy = await AccessPolicy.create({ roots: [root] });
  let dialogTurn = 0;
  const api = createApiService({
    policy,
    service: new DocumentService({ draftsDir: join(base, 'drafts') }),
    uploadDir: join(base, 'uploads'),
    // As electron/main.ts: the file the user picks (here, in turn, each bad input and a good one) is allowed, then opened.
    openDialog: async () => {
      const names = [...BAD_INPUTS.map((b) => b.name), 'talk.txt'];
      const name = names[dialogTurn++ % names.length] ?? 'talk.txt';
      return name === 'missing.txt' ? null : policy.allowFile(join(root, name));
    },
    openFolderDialog: async () => (dialogTurn++ % 2 ? null : join(root, 'sub')),
  });
  const call = ipcCall(api);
  return { call, world: await buildWorld(base, call), base };
}

describe('every API method through dispatch, as the IPC handler calls it', () => {
  it('answers every request with a contract result or a clear refusal, and writes nothing it should not', async () => {
    const { call, base, world: first } = await setup();
    let world = first;
    const tally = newTally();
    await fc.assert(
      fc.asyncProperty(request, async ({ method, args }) => {
        if (await checkedCall(call, world, method, resolve(args, world), tally)) world = await buildWorld(base, call, world);
      }),
      // A fixed seed: this property also checks below that the fuzzer reached each method's success
      // path, and with ~10 calls per method that check would itself be left to chance (openFile has
      // four arguments a random value can spoil). The other properties here draw fresh seeds.
      { numRuns: 300, seed: 20261127 },
    );
    for (const method of API_METHOD_NAMES) expect(tally.calls.get(method) ?? 0, `${method} was called`).toBeGreaterThan(0);
    // The fuzzer got past the refusals into the methods themselves.
    for (const method of ['listFiles', 'openFile', 'openPath', 'preview', 'exportDocument', 'exportFile', 'close']) {
      expect(tally.successes.get(method) ?? 0, `${method} succeeded`).toBeGreaterThan(0);
    }
    for (const docId of world.docIds) await call('close', { docId });
  });

  it('keeps it for each method in turn, with its own arguments', async () => {
    const { call, base, world: first } = await setup();
    let world = first;
    const tally = newTally();
    for (const method of API_METHOD_NAMES) {
      await fc.assert(
        fc.asyncProperty(argsFor(method), async (args) => {
          if (await checkedCall(call, world, method, resolve(args, world), tally)) world = await buildWorld(base, call, world);
        }),
        { numRuns: 20 },
      );
    }
    for (const docId of world.docIds) await call('close', { docId });
  });

  it('exports any body the contract lets through, in every format, or refuses it with a sentence', async () => {
    const { call, base, world: first } = await setup();
    let world = first;
    const tally = newTally();
    await fc.assert(
      fc.asyncProperty(fc.nat(), body, fc.constantFrom(...EXPORT_FORMAT_IDS), exportOptions, async (doc, b, format, options) => {
        const args = { docId: new Ref('docId', doc), body: b, format, options };
        if (await checkedCall(call, world, 'exportDocument', resolve(args, world), tally)) world = await buildWorld(base, call, world);
      }),
      { numRuns: 300 },
    );
    expect(tally.successes.get('exportDocument') ?? 0).toBeGreaterThan(30);
    for (const docId of world.docIds) await call('close', { docId });
  });

  it('exports every transcript that opens, Word documents included, in every format and with either text', async () => {
    const { call, world } = await setup();
    const listed = await call('exportFormats', {});
    if (!listed.ok) throw new Error(listed.message);
    const formats = z.array(z.object({ id: z.string(), needsTimes: z.boolean() })).parse(listed.value);
    expect(formats.length).toBeGreaterThan(10);
    for (const fileId of world.goodFileIds) {
      for (const format of formats) {
        for (const text of ['corrected', 'source'] as const) {
          const outcome = await call('exportFile', { fileId, format: format.id, options: { text } });
          const what = `${format.id}, ${text} text, file ${world.goodFileIds.indexOf(fileId)}: ${outcome.ok ? 'exported' : outcome.message}`;
          // Subtitles need times, which only the timed transcript has; every other export must succeed.
          if (!outcome.ok) expect(format.needsTimes, what).toBe(true);
        }
      }
    }
    for (const docId of world.docIds) await call('close', { docId });
  });

  it('refuses what only IPC can carry (undefined, dates, maps, typed arrays, big ints) with a clear sentence', async () => {
    const { call, world } = await setup();
    const tally = newTally();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...API_METHOD_NAMES), fc.oneof(cloneOnly, fc.dictionary(fc.string({ maxLength: 8 }), cloneOnly, { maxKeys: 3 })), async (method, args) => {
        await checkedCall(call, world, method, args, tally);
      }),
      { numRuns: 200 },
    );
    for (const docId of world.docIds) await call('close', { docId });
  });
});
