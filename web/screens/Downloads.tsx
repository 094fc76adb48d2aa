/** The issue-6 exports (class lists, grids, placements, the published offer, letters), loaded on demand. */
import type { Result, Scenario } from '../../solver/types';
import { ExportButtons } from '../io/ExportButtons';

export default function Downloads({ scenario, result }: { scenario: Scenario; result: Result | null }) {
  return <ExportButtons scenario={scenario} result={result} />;
}
