/**
 * The {@code nn} command line ({@link org.nnj.examples.Main}) and the bundled example apps
 * ({@link org.nnj.examples.Example}): the seed's worked example, XOR, Iris and more.
 */
package org.nnj.examples;
