/** The search's moves by number (the move loop picks one per step), and their names for assert-mode messages. */
export const MOVE_STUDENT = 0;
export const MOVE_RESCUE = 1;
export const MOVE_GROUP = 2;
export const MOVE_SWAP = 3;
export const MOVE_OPEN = 4;
export const MOVE_CLOSE = 5;
export const MOVE_EVEN = 6;
export const MOVE_EVENT = 7;
export const MOVE_KEMPE = 8;

export const MOVE_NAMES = ['re-seat student', 'rescue (open or move a group for unmet students)', 'move group', 'swap groups', 'open group', 'close group', 'even out', 'move event (least clashing placement)', 'Kempe chain (events between two periods)'] as const;
