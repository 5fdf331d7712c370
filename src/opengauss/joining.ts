/**
 * The mark afo expand leaves on a new host just before gs_expansion runs for it, removed once the
 * host has joined (roles/opengauss/tasks/expand.yml). A host that is not in the cluster and still
 * carries it was being joined by an afo expand that did not finish (its host stopped, the
 * network went, OM failed): what OM left there (the installed app, a half-built data directory)
 * is afo's own, so preflight does not call it "not empty" and the re-run clears it before
 * gs_expansion (README "Growing a cluster", step 4).
 */
export const JOINING_MARKER = '/var/lib/afo/expand-joining';
