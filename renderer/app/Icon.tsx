import {
  Download,
  Filter,
  Languages,
  LayoutGrid,
  Map as MapIcon,
  Maximize,
  Moon,
  Search,
  Sun,
  X,
  Copy,
  Check,
  Table,
  FolderOpen,
  Radio,
  Layers,
  Plus,
  ScrollText,
  Lock,
  Ellipsis,
} from 'lucide-static';

/** lucide-static ships icons as SVG strings; these are constants from the bundle, never user data. */
const ICONS = {
  download: Download,
  filter: Filter,
  languages: Languages,
  layout: LayoutGrid,
  legend: MapIcon,
  fit: Maximize,
  moon: Moon,
  search: Search,
  sun: Sun,
  close: X,
  copy: Copy,
  check: Check,
  table: Table,
  open: FolderOpen,
  live: Radio,
  overview: Layers,
  plus: Plus,
  history: ScrollText,
  lock: Lock,
  more: Ellipsis,
} as const;

export type AppIcon = keyof typeof ICONS;

export function Icon({ name }: { name: AppIcon }) {
  return <span className="icon" aria-hidden="true" dangerouslySetInnerHTML={{ __html: ICONS[name] }} />;
}
