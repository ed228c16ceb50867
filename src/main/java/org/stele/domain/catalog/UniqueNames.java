package org.stele.domain.catalog;

import java.util.Map;
import java.util.Optional;
import org.stele.domain.ErrorCode;

/**
 * The catalog's unique constraints on names a client chooses (migrations name them). Two requests racing for one name
 * both pass the check before insert; the database refuses the second, and that refusal means the name is taken, as the
 * check would have said a moment later.
 */
public final class UniqueNames {
    private static final Map<String, ErrorCode> TAKEN = Map.of(
            "model_version_model_id_label_key", ErrorCode.VERSION_EXISTS,
            "model_name_ci", ErrorCode.MODEL_EXISTS,
            "namespace_name_ci", ErrorCode.NAMESPACE_EXISTS,
            "app_user_username_ci", ErrorCode.USER_EXISTS);

    private UniqueNames() {
    }

    /** The code a lost race on this constraint is answered with; empty for constraints that guard no client's name. */
    public static Optional<ErrorCode> taken(String constraint) {
        return Optional.ofNullable(constraint).map(TAKEN::get);
    }
}
