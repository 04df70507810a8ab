export interface Config {
  /** Settings of the mesh plugins. */
  mesh?: {
    /**
     * How often the mesh card and tab reload their data, in milliseconds.
     * A component's `refreshIntervalMs` prop wins over it. Defaults to 30000.
     * Set 0 to turn auto-refresh off.
     * @visibility frontend
     */
    refreshIntervalMs?: number;
  };
}
