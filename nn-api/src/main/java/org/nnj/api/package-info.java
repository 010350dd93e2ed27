/**
 * The user-facing vocabulary of nnj: matrices over primitive arrays ({@link org.nnj.api.Mat}), the two
 * numeric precisions, and the exceptions every module throws. Nothing here depends on Guice or a logging
 * backend; plugin authors find the interfaces they implement in {@link org.nnj.api.spi}.
 */
package org.nnj.api;
