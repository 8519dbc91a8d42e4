import { AppError } from "./app-error";

/** Where a catalog value was read from: the table, the row's id and the column. */
export interface StoredRowPlace {
  table: string;
  id: string;
  column: string;
}

/**
 * A JSON column whose value this version of Wayback cannot read, e.g. a row written in an older
 * shape. The message names the row and what is wrong, so the page shows that instead of failing
 * somewhere inside its rendering, and the operator knows which row to look at.
 */
export class StoredRowError extends AppError {
  constructor(
    readonly place: StoredRowPlace,
    readonly problems: string[],
  ) {
    super(
      "stored_row_unreadable",
      `The catalog row ${place.table} ${place.id} has a ${place.column} column this version of Wayback cannot read ` +
        `(${problems.join("; ")}). It was probably written by another version of Wayback: run this version's ` +
        `catalog migrations (they convert the older shapes they know); if the row still fails, report it with this message.`,
    );
    this.name = "StoredRowError";
  }
}
