/* global module */
// The layering of lib/ (docs/architecture.md, "Layers"), checked by `npm run lint`. Imports point
// down only:
//   domain    lib/domain, lib/errors                         pure; import each other and npm packages
//   adapters  the outside things (ADAPTERS below)             import domain and each other
//   verbs     every other lib/<noun>/ folder                   import adapters, domain, other verbs
//   web       lib/http (the route wrapper)                     import verbs; imported by the top only
//   top       app/, worker/, components/, scripts/, bin/, bench/, proxy.ts   import everything below
// A violation prints the rule's name; fix the import (move the type or function to the layer that
// owns it) rather than the rule.

const DOMAIN = "^lib/(domain|errors)/";
// Outbound adapters: one folder (or file) per outside thing. lib/embedded runs the embedded
// default's own services (catalog, Redis, local instances); lib/app-context.ts only assembles the
// web process's config, catalog client and queue.
const ADAPTERS = [
  "^lib/(pg|storage|db|queue|crypto|embedded)/",
  "^lib/(config|log|app-context)[.]ts$",
  "^lib/notify/send-(email|webhook)[.]ts$",
  "^lib/notify/delivery-error[.]ts$",
];
// The route wrapper (its rule table is in app/api): the web process's inbound side.
const WEB = "^lib/http/";
const TOP = "^(app|worker|components|scripts|bin|bench|e2e)/|^proxy[.]ts$";
// The rules are about the code that ships: tests (which reach for test/harness) are not cruised,
// or lib/pg/*.int.test.ts → test/harness → lib/embedded would count as a folder cycle.
const TESTS = "[.]test[.]tsx?$|^test/|^e2e/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-imports-nothing-of-ours",
      severity: "error",
      comment:
        "lib/domain and lib/errors are pure: they import each other and npm packages, nothing else of ours. Move the I/O up into a verb, or the type down into lib/domain.",
      from: { path: DOMAIN },
      to: { path: "^(lib|app|worker|components|scripts|bin|bench|test|e2e)/|^proxy[.]ts$", pathNot: DOMAIN },
    },
    {
      name: "adapters-import-domain-only",
      severity: "error",
      comment:
        "An adapter (lib/pg, lib/storage, lib/db, lib/queue, lib/crypto, lib/embedded, lib/config.ts, lib/log.ts, lib/app-context.ts, notification transports) imports lib/domain, lib/errors and other adapters only. Take what it needs as a parameter, or move the shared type down.",
      from: { path: ADAPTERS },
      to: { path: "^lib/", pathNot: [DOMAIN, ...ADAPTERS, "^lib/db/generated/"] },
    },
    {
      name: "verbs-import-adapters-and-domain",
      severity: "error",
      comment:
        "A verb (lib/<noun>/) imports adapters, domain and other verbs; never the route wrapper (lib/http) or the top layer (app/, worker/, components/, scripts/, bin/). Move the shared piece down.",
      from: { path: "^lib/", pathNot: [DOMAIN, ...ADAPTERS, WEB] },
      to: { path: [WEB, TOP] },
    },
    {
      name: "lib-never-imports-top",
      severity: "error",
      comment: "Nothing in lib/ imports app/, worker/, components/, scripts/, bin/, bench/ or e2e/: pass what lib needs in as a parameter.",
      from: { path: "^lib/" },
      to: { path: TOP },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "This import is part of a cycle between modules. Move the shared piece into its own module below both.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-folder-cycles",
      severity: "error",
      comment:
        "This folder is part of a cycle between lib/ (or components/) folders. Move the type or function to the folder below both (usually lib/domain or the adapter that owns it), or up into the verb that uses it.",
      scope: "folder",
      from: { path: "^(lib|components)/" },
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "This import of ours (@/…) resolves to no file: the module moved or is misspelled.",
      from: {},
      to: { couldNotResolve: true, path: "^@/" },
    },
  ],
  options: {
    // Type-only imports tie layers together just as much as value imports.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: ["node_modules", "^lib/db/generated/"] },
    exclude: { path: ["^[.]next/", "^node_modules/", "^lib/db/generated/", TESTS] },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
