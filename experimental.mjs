// ESM entry of @photostructure/sqlite/experimental: the same module as experimental.js.
import experimental from "./experimental.js";

export const { DatabasePool } = experimental;
