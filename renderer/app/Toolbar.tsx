import { useTranslation } from 'react-i18next';
import { ToolbarButton } from './ToolbarButton.js';
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/resources.js';
import { useAppStore } from '../store/app-store.js';
import type { Language, ViewName } from '../store/types.js';
import type { TranslationKey } from '../i18n/typed-keys.js';
import { ExportMenu } from './ExportMenu.js';
import { FiltersMenu } from './FiltersMenu.js';
import { graphHandle } from '../graph/graph-handle.js';
import { Icon } from './Icon.js';
import { OpenSnapshotButton } from './OpenSnapshotButton.js';
import { ControlButtons } from './control/ControlButtons.js';
import { SearchBox } from './SearchBox.js';

const VIEWS: ViewName[] = ['docker', 'kernel'];
const VIEW_WORDS: Record<ViewName, { name: TranslationKey; hint: TranslationKey }> = {
  docker: { name: 'toolbar.viewDocker', hint: 'toolbar.viewDockerHint' },
  kernel: { name: 'toolbar.viewKernel', hint: 'toolbar.viewKernelHint' },
};

export function Toolbar({ onError }: { onError: (message: string) => void }) {
  const { t } = useTranslation();
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const requestRelayout = useAppStore((s) => s.requestRelayout);
  const overviewOn = useAppStore((s) => (s.overview[s.view]?.length ?? 0) > 0);
  const display = useAppStore((s) => s.display);
  const setDisplay = useAppStore((s) => s.setDisplay);
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  const language = useAppStore((s) => s.language);
  const setLanguage = useAppStore((s) => s.setLanguage);

  return (
    <header className="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <div className="brand">
        <svg className="logo" viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="5" cy="6" r="2.5" />
          <circle cx="19" cy="6" r="2.5" />
          <circle cx="12" cy="18" r="2.5" />
          <path d="M7.5 6h9M6.3 8.2l4.4 7.6M17.7 8.2l-4.4 7.6" />
        </svg>
        <h1>{t('app.name')}</h1>
      </div>

      <div className="segmented" role="group" aria-label={t('toolbar.view')}>
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            aria-pressed={view === v}
            title={t(VIEW_WORDS[v].hint)}
            data-view={v}
            onClick={() => setView(v)}
          >
            {t(VIEW_WORDS[v].name)}
          </button>
        ))}
      </div>

      <SearchBox />
      <FiltersMenu />

      <div className="toolbar-group">
        <ToolbarButton
          icon="table"
          label={t('toolbar.table')}
          hint={t('toolbar.tableHint')}
          pressed={display === 'table'}
          testId="table-toggle"
          onClick={() => setDisplay(display === 'table' ? 'graph' : 'table')}
        />
        <ToolbarButton
          icon="layout"
          label={t('toolbar.relayout')}
          hint={t('toolbar.relayoutHint')}
          testId="relayout"
          onClick={requestRelayout}
        />
        <ToolbarButton
          icon="overview"
          label={t('toolbar.overview')}
          hint={t('toolbar.overviewHint')}
          pressed={overviewOn}
          testId="overview"
          onClick={() => graphHandle()?.toggleOverview()}
        />
        <ToolbarButton
          icon="fit"
          label={t('toolbar.fit')}
          hint={t('toolbar.fitHint')}
          onClick={() => graphHandle()?.fit()}
        />
        <ExportMenu onError={onError} />
        <OpenSnapshotButton />
      </div>

      <ControlButtons />

      <div className="toolbar-group end">
        <label className="language" title={t('toolbar.language')}>
          <Icon name="languages" />
          <span className="visually-hidden">{t('toolbar.language')}</span>
          <select value={language} data-testid="language" onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button icon-only"
          aria-label={theme === 'dark' ? t('toolbar.themeLight') : t('toolbar.themeDark')}
          title={theme === 'dark' ? t('toolbar.themeLight') : t('toolbar.themeDark')}
          data-testid="theme"
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
        </button>
      </div>
    </header>
  );
}
