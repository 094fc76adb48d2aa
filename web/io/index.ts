/** The planner's import and export components, for the web app to mount. */
export { ImportWizard, type ImportWizardProps } from './ImportWizard';
export { ExportButtons, EXPORTS, type ExportButtonsProps, type ExportItem } from './ExportButtons';
export { Letters, PrintLettersButton, LETTER_CSS, type LetterText } from './Letters';
export { browserDownload, fileStem, MIME, type DownloadFn } from './download';
export type { ImportSummary, WizardStep } from './wizard-logic';
export { workerReader, mainThreadReader, type TableReader } from './worker-reader';
export { TemplateLinks, templateBytes, type TemplateKind } from './Templates';
export { ListImport, listIssuesByRow, runListImport, type ListImportProps } from './ListImport';
