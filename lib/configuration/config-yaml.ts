import { parse, stringify } from "yaml";
import type { ConfigDocument } from "@/lib/domain/config-document";
import { AppError } from "@/lib/errors/app-error";

/** YAML text → a value for readConfigDocument; JSON is YAML too. */
export function parseConfigText(text: string): unknown {
  try {
    return parse(text);
  } catch (err) {
    throw new AppError("validation_failed", `The document is not valid YAML: ${(err as Error).message}`);
  }
}

export const configToYaml = (document: ConfigDocument): string => stringify(document);
