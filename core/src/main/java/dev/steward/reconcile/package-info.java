/**
 * The reconcile loop: {@link dev.steward.reconcile.Reconciler} observes, classifies drift, plans
 * and hands the plan to the {@link dev.steward.reconcile.Executor}, which records every intent in
 * the store before it acts, so a pass interrupted by a crash is finished by the next one. For
 * embedders; {@link dev.steward.reconcile.ReconcileListener} lets logs, metrics and UIs follow
 * every action and transition.
 */
package dev.steward.reconcile;
