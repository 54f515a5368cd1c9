/**
 * What every kind of resource plans with: the {@link dev.steward.plan.Plan} of a pass (actions,
 * each with a priority and a reason, and the actions held back with why), the {@link
 * dev.steward.plan.Budgets} per action type that the loop keeps across kinds, and the {@link
 * dev.steward.plan.PlanRequest} a kind plans from. For embedders and kind authors. Immutable and
 * thread-safe value types; no I/O.
 */
package dev.steward.plan;
