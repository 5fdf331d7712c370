/** The openGauss modules and the fact parsers behind them. */
export { openGaussModules } from './modules.js';
export { CollectingSink, type OpenGaussSink } from './sink.js';
export { parsePreflight, preflightFact, type PreflightFacts } from './preflight-fact.js';
export { parseProbe, probeFact, staticConfigPath, type ClusterState, type ProbeResult } from './probe-fact.js';
