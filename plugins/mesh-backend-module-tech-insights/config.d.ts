export interface Config {
  /**
   * Settings of the mesh module of Tech Insights. The fact retriever's cadence
   * is set where Tech Insights reads it:
   * `techInsights.factRetrievers.meshFactRetriever.cadence`.
   */
  meshTechInsights?: {};
}
