import type { Io } from '../io.ts';
import { archiveCommand } from './reservations-archive.ts';

/** `resdesk reservations unarchive <ref>`: brings an archived reservation back as it was. */
export const run = (argv: string[], io: Io) => archiveCommand('unarchive', argv, io);
