/**
 * Internal, not API (may change in any release): the parked daemon workers that split a matrix multiply or a
 * loop over ranges between threads, never changing a result.
 */
package org.nnj.core.internal.threads;
