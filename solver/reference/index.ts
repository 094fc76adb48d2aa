/**
 * A published blocking as the reference for late changes (docs/reference.md): what changed in the
 * scenario since it was published, and who a new result moves, course by course, with the reason.
 */
export { scenarioChanges, listChange, cellWords } from './scenario-changes';
export type { ScenarioChanges, PupilChange, StaffChange, RoomChange, CourseChange, CourseFieldChange, ListChange } from './scenario-changes';
export { placementChanges, moveLine, MOVE_REASONS } from './placement-changes';
export type { Blocking, GroupMove, MoveReasonKind, Placement, PlacementChanges, PupilMove, StabilityFigures } from './placement-changes';
export { changeReportLines } from './report';
