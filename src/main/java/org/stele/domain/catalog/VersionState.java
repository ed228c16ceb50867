package org.stele.domain.catalog;

/** A version's life: a draft is published once, may later be withdrawn; a discarded draft keeps its label and identifier. */
public enum VersionState {
    draft, published, withdrawn, discarded
}
