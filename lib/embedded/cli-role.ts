/**
 * The catalog role of the `wayback` CLI (archive_command, restore_command on database hosts): it
 * may run the `wayback_cli` functions and nothing else (docs/decisions/0011). The README shows the
 * same SQL for operators who bring their own catalog.
 */
export const CLI_ROLE = "wayback_cli";

/** Run by the catalog's owner after migrating: the role may use what the migrations defined. */
export const CLI_ROLE_GRANTS = `GRANT USAGE ON SCHEMA wayback_cli TO ${CLI_ROLE}; GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA wayback_cli TO ${CLI_ROLE}`;
