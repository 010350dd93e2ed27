/**
 * The engine: {@link org.nnj.core.Network} (a compiled stack of layers over one flat parameter array),
 * {@link org.nnj.core.NetworkSpec} (what a network is made of, by plugin name), and the facade
 * {@link org.nnj.core.Nets} for users who never touch Guice.
 */
package org.nnj.core;
