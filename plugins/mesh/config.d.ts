export interface Config {
  /**
   * Settings of the mesh plugins. The frontend's keys (below) and the
   * backend's (`@mesh-portal/plugin-mesh-backend`'s config.d.ts) share this
   * block; the backend accepts both and refuses any other key by name.
   */
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
