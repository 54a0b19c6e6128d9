/**
 * A small anchor-free detector built from DJL blocks ({@link io.tal4j.djl.model.DetectorBlock}),
 * its description ({@link io.tal4j.djl.model.DetectorSpec}) and its files on disk ({@link
 * io.tal4j.djl.model.DetectorModel}).
 */
package io.tal4j.djl.model;
