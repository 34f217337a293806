import { describe, expect, it } from 'vitest';
import { sidecarCodebook, topicRows, topicTree, usedTopics } from '../../shared/codebook/index.js';
import { annotation, book, topic } from './builders.js';

// war > drones, war > missiles > patriot ; economy ; energy > grid
const cb = book(
  topic('war'),
  topic('economy'),
  topic('patriot', { parent: 'missiles' }),
  topic('drones', { parent: 'war' }),
  topic('missiles', { parent: 'war' }),
  topic('energy'),
  topic('grid', { parent: 'energy' }),
);

describe('topicTree', () => {
  it('nests children under parents, siblings in codebook order, with depth', () => {
    const rows = topicRows(cb).map((r) => `${'  '.repeat(r.depth)}${r.topic.id}`);
    expect(rows).toEqual(['war', '  drones', '  missiles', '    patriot', 'economy', 'energy', '  grid']);
    expect(topicTree(cb).map((n) => n.topic.id)).toEqual(['war', 'economy', 'energy']);
    expect(topicRows(cb).find((r) => r.topic.id === 'patriot')?.path).toEqual(['WAR', 'MISSILES', 'PATRIOT']);
  });

  it('shows every topic once even on bad data: a missing parent or a loop', () => {
    const bad = book(topic('a', { parent: 'b' }), topic('b', { parent: 'a' }), topic('c', { parent: 'gone' }));
    const rows = topicRows(bad);
    expect(rows.map((r) => r.topic.id).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('usedTopics', () => {
  it('keeps the used topics and their ancestors, in codebook order, and skips unknown ids', () => {
    const used = usedTopics(cb, [annotation('1', ['patriot']), annotation('2', ['grid', 'nope']), annotation('3', [])]);
    expect(used.map((t) => t.id)).toEqual(['war', 'patriot', 'missiles', 'energy', 'grid']);
  });

  it('sidecarCodebook keeps the used topics and the whole lists', () => {
    const copy = sidecarCodebook(cb, [annotation('1', ['economy'])]);
    expect(copy.topics.map((t) => t.id)).toEqual(['economy']);
    expect(copy.claimTypes).toEqual(cb.claimTypes);
    expect(copy.statuses).toEqual(cb.statuses);
    expect(copy.claimTypes[0]).not.toBe(cb.claimTypes[0]);
  });
});
