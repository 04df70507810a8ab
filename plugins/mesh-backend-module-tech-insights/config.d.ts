export interface Config {
  /**
   * Settings of the mesh module of Tech Insights. The fact retriever's cadence
   * is set where Tech Insights reads it:
   * `techInsights.factRetrievers.meshFactRetriever.cadence`.
   */
  meshTechInsights?: {
    /**
     * Notifications to an entity's owner when its mesh posture changes between
     * two successive mesh snapshots (needs the notifications backend and the
     * `meshModulePostureNotifications` module in the backend that runs mesh).
     */
    notifications?: {
      /**
       * Notify when a workload leaves STRICT, leaves the mesh, or a new error
       * finding appears. Defaults to true.
       */
      regressions?: boolean;
      /** Notify when an entity becomes STRICT everywhere. Defaults to false. */
      improvements?: boolean;
      /** Path of the Mesh tab on the entity page. Defaults to `mesh`. */
      meshTabPath?: string;
    };
  };
}
