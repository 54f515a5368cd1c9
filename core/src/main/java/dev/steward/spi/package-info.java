/**
 * For authors of providers: the provider interfaces that {@link java.util.ServiceLoader} finds, one
 * per extension point, and the context they build their objects from. Embedders do not need it.
 */
package dev.steward.spi;
