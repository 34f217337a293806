/** The left rail: one tab per panel (speakers, codebook, annotations, claims, suggestions, removed, metadata). */
import type { Codebook } from '../../shared/annotation.js';
import type { CodebookEdit } from '../../shared/codebook/index.js';
import type { TranscriptClaimCandidate } from '../../shared/suggest/index.js';
import { AnnotationList, type Row } from '../components/AnnotationList.js';
import { CodebookPanel } from '../components/CodebookPanel.js';
import { MetadataPanel, RemovedPanel, SpeakersPanel } from '../components/Panels.js';
import { SuggestionsPanel } from '../components/Suggestions.js';
import type { RailTab, SpeakerDialog } from './commands.js';
import type { WorkspaceView } from './view.js';

const TABS: readonly RailTab[] = ['speakers', 'codebook', 'annotations', 'claims', 'suggestions', 'removed', 'metadata'];

function tabLabel(tab: RailTab, view: WorkspaceView | null): string {
  switch (tab) {
    case 'speakers':
      return 'Speakers';
    case 'codebook':
      return 'Codebook';
    case 'annotations':
      return `Annotations (${view?.annotationCount ?? 0})`;
    case 'claims':
      return 'Claims';
    case 'suggestions':
      return 'Suggestions';
    case 'removed':
      return `Removed (${view?.removed.length ?? 0})`;
    case 'metadata':
      return 'Metadata';
  }
}

export interface RailActions {
  jump(speakerId: string | null): void;
  openDialog(dialog: SpeakerDialog): void;
  restore(removedId: string): void;
  setMetadata(key: string, value: string): void;
  suggestions(): TranscriptClaimCandidate[];
  showSuggestion(c: TranscriptClaimCandidate): void;
  acceptSuggestion(c: TranscriptClaimCandidate): void;
  rejectSuggestions(texts: string[]): void;
  changeCodebook(change: (codebook: Codebook) => CodebookEdit | Codebook): void;
  pickRow(row: Row): void;
  notice(message: string): void;
}

export function Rail(props: { view: WorkspaceView | null; tab: RailTab; setTab(tab: RailTab): void; readOnly: boolean; actions: RailActions }) {
  const { view, tab, readOnly, actions } = props;
  return (
    <nav className="rail" aria-label="Panels">
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} className={tab === t ? 'tab active' : 'tab'} onClick={() => props.setTab(t)}>
            {tabLabel(t, view)}
          </button>
        ))}
      </div>
      {view && tab === 'speakers' && (
        <SpeakersPanel
          speakers={view.speakers}
          stats={view.stats}
          readOnly={readOnly}
          onJump={actions.jump}
          onRename={(id) => actions.openDialog({ kind: 'rename', speakerId: id })}
          onRole={(id) => actions.openDialog({ kind: 'role', speakerId: id })}
          onMerge={(id) => actions.openDialog({ kind: 'merge', speakerId: id })}
        />
      )}
      {view && tab === 'removed' && <RemovedPanel removed={view.removed} readOnly={readOnly} onRestore={actions.restore} />}
      {view && tab === 'metadata' && <MetadataPanel metadata={view.metadata} readOnly={readOnly} onSet={actions.setMetadata} />}
      {view && tab === 'suggestions' && (
        <SuggestionsPanel
          candidates={actions.suggestions()}
          dismissed={view.dismissed}
          readOnly={readOnly}
          onShow={actions.showSuggestion}
          onAccept={actions.acceptSuggestion}
          onReject={actions.rejectSuggestions}
        />
      )}
      {view && tab === 'codebook' && (
        <CodebookPanel codebook={view.codebook} counts={view.topicCounts} readOnly={readOnly} onError={actions.notice} onChange={actions.changeCodebook} />
      )}
      {view && (tab === 'annotations' || tab === 'claims') && (
        <AnnotationList
          key={tab}
          rows={view.rows}
          codebook={view.codebook}
          speakers={view.speakers}
          selected={view.selected}
          claimsOnly={tab === 'claims'}
          onPick={actions.pickRow}
        />
      )}
    </nav>
  );
}
