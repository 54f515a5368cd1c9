/**
 * For Steward's own tests and for provider authors (through the testkit): {@link
 * dev.steward.testsupport.MutableClock}, a clock a test moves, and {@link
 * dev.steward.testsupport.Poll}, waiting for a condition with a deadline instead of sleeping.
 */
package dev.steward.testsupport;
