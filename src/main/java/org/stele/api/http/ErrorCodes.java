package org.stele.api.http;

import org.stele.domain.ArchiveException;
import org.stele.domain.ErrorCode;

/**
 * The one table of error codes: the HTTP status and title each {@link ErrorCode} is answered with. The switch is
 * exhaustive, so a new code does not compile until it has its answer here (and a row in docs/error-codes.md, which
 * a test checks).
 */
public final class ErrorCodes {
    private ErrorCodes() {
    }

    /** How a code is answered. */
    public record Answer(int status, String title) {
    }

    public static Answer of(ErrorCode code) {
        return switch (code) {
            case ALREADY_PUBLISHED -> new Answer(409, "Already published");
            case ALREADY_PURGED -> new Answer(409, "Already purged");
            case ALREADY_WITHDRAWN -> new Answer(409, "Already withdrawn");
            case BAD_REQUEST -> new Answer(400, "Bad request");
            case COMMIT_CONFLICT -> new Answer(412, "Commit conflict");
            case SIZE_MISMATCH -> new Answer(400, "Size mismatch");
            case UPLOAD_LINK_INVALID -> new Answer(403, "Upload link invalid");
            case BODY_TOO_LARGE -> new Answer(413, "Request body too large");
            case BLOB_NOT_FOUND -> new Answer(404, "Blob not found");
            case BLOB_PURGED -> new Answer(410, "Content removed");
            case CATALOG_UNAVAILABLE -> new Answer(503, "Catalog unavailable");
            case CONFLICT -> new Answer(409, "Conflict");
            case DELIVERY_NOT_FOUND -> new Answer(404, "Delivery not found");
            case DIGEST_MISMATCH -> new Answer(400, "Digest mismatch");
            case DRAFT_DISCARDED -> new Answer(404, "Draft discarded");
            case EMBARGOED -> new Answer(403, "Embargoed");
            case EMPTY_VERSION -> new Answer(409, "Version has no files");
            case ENTRY_NOT_FOUND -> new Answer(404, "Entry not found");
            case FILE_NOT_FOUND -> new Answer(404, "File not found");
            case FORBIDDEN -> new Answer(403, "Forbidden");
            case HEADERS_TOO_LARGE -> new Answer(431, "Request headers too large");
            case IDENTIFIER_NOT_FOUND -> new Answer(404, "Identifier not found");
            case INSUFFICIENT_SCOPE -> new Answer(403, "Insufficient scope");
            case INTEGRITY_ERROR -> new Answer(500, "Integrity error");
            case INTERNAL_ERROR -> new Answer(500, "Internal error");
            case INVALID_ALIAS -> new Answer(400, "Invalid alias name");
            case INVALID_CONTENT_RANGE -> new Answer(400, "Invalid Content-Range");
            case INVALID_CURSOR -> new Answer(400, "Invalid cursor");
            case INVALID_DIGEST -> new Answer(400, "Invalid digest");
            case INVALID_EMAIL -> new Answer(400, "Invalid email");
            case INVALID_EMBARGO -> new Answer(400, "Invalid embargo");
            case INVALID_EVENT -> new Answer(400, "Invalid event type");
            case INVALID_EXPIRY -> new Answer(400, "Invalid expiry");
            case INVALID_IDENTIFIER -> new Answer(404, "Invalid identifier");
            case INVALID_JSON -> new Answer(400, "Invalid JSON");
            case INVALID_KIND -> new Answer(400, "Invalid file kind");
            case INVALID_LICENSE -> new Answer(400, "Invalid license");
            case INVALID_LIMIT -> new Answer(400, "Invalid limit");
            case INVALID_METADATA -> new Answer(400, "Invalid metadata");
            case INVALID_NAME -> new Answer(400, "Invalid name");
            case INVALID_ORCID -> new Answer(400, "Invalid ORCID iD");
            case INVALID_PATH -> new Answer(400, "Invalid file path");
            case INVALID_QUERY -> new Answer(400, "Invalid query");
            case INVALID_REASON -> new Answer(400, "Reason required");
            case INVALID_REDIRECT -> new Answer(400, "Invalid redirect");
            case INVALID_REQUEST -> new Answer(400, "Invalid request");
            case INVALID_ROLE -> new Answer(400, "Invalid role");
            case INVALID_SCOPE -> new Answer(400, "Invalid scope");
            case INVALID_SIGNING_KEY -> new Answer(400, "Invalid signing key");
            case INVALID_SINCE -> new Answer(400, "Invalid since");
            case INVALID_SORT -> new Answer(400, "Invalid sort");
            case INVALID_VERSION -> new Answer(400, "Invalid version name");
            case INVALID_VISIBILITY -> new Answer(400, "Invalid visibility");
            case INVALID_WEBHOOK_URL -> new Answer(400, "Invalid webhook URL");
            case LAST_OWNER -> new Answer(409, "Last owner");
            case MEMBER_NOT_FOUND -> new Answer(404, "Member not found");
            case METHOD_NOT_ALLOWED -> new Answer(405, "Method not allowed");
            case MODEL_EXISTS -> new Answer(409, "Model exists");
            case MODEL_NOT_FOUND -> new Answer(404, "Model not found");
            case NAMESPACE_EXISTS -> new Answer(409, "Namespace exists");
            case NAMESPACE_NOT_FOUND -> new Answer(404, "Namespace not found");
            case NOT_ACCEPTABLE -> new Answer(406, "Not acceptable");
            case NOT_FOUND -> new Answer(404, "Not found");
            case NOT_PUBLISHED -> new Answer(409, "Not published");
            case NOT_WITHDRAWN -> new Answer(409, "Not withdrawn");
            case NOT_YET_PUBLISHED -> new Answer(404, "Not yet published");
            case OFFSET_MISMATCH -> new Answer(416, "Chunk does not continue the upload");
            case RANGE_NOT_SATISFIABLE -> new Answer(416, "Range not satisfiable");
            case REPO_NOT_FOUND -> new Answer(404, "Repository not found");
            case RESERVED_ALIAS -> new Answer(400, "Reserved alias");
            case REVISION_NOT_FOUND -> new Answer(404, "Revision not found");
            case SIGNATURE_INVALID -> new Answer(422, "Signature does not verify");
            case SIGNATURE_KEY_UNKNOWN -> new Answer(422, "Signing key unknown or revoked");
            case SIGNATURE_MALFORMED -> new Answer(422, "Malformed signature");
            case SIGNATURE_MISMATCH -> new Answer(422, "Signature does not match the files");
            case SIGNATURE_UNSUPPORTED -> new Answer(422, "Signature kind not supported");
            case SIGNING_KEY_EXISTS -> new Answer(409, "Signing key exists");
            case SIGNING_KEY_NOT_FOUND -> new Answer(404, "Signing key not found");
            case STORAGE_UNAVAILABLE -> new Answer(503, "Storage unavailable");
            case TOKEN_NOT_FOUND -> new Answer(404, "Token not found");
            case TOO_MANY_FAILURES -> new Answer(429, "Too many failed authentications");
            case UNAUTHENTICATED -> new Answer(401, "Unauthenticated");
            case UNSUPPORTED_MEDIA_TYPE -> new Answer(415, "Unsupported media type");
            case UNSUPPORTED_STYLE -> new Answer(406, "Unsupported citation style");
            case UPLOAD_COMPLETING -> new Answer(409, "Upload is completing");
            case UPLOAD_NOT_FOUND -> new Answer(404, "Upload session not found");
            case URI_TOO_LONG -> new Answer(414, "URI too long");
            case USER_EXISTS -> new Answer(409, "User exists");
            case USER_NOT_FOUND -> new Answer(404, "User not found");
            case VERSION_EXISTS -> new Answer(409, "Version exists");
            case VERSION_IMMUTABLE -> new Answer(409, "Version is immutable");
            case VERSION_NOT_FOUND -> new Answer(404, "Version not found");
            case VERSION_NOT_PUBLISHED -> new Answer(409, "Version not published");
            case WEBHOOK_NOT_FOUND -> new Answer(404, "Webhook not found");
            case WEBHOOK_TARGET_REFUSED -> new Answer(400, "Webhook target refused");
            case WITHDRAWN -> new Answer(410, "Version withdrawn");
        };
    }

    public static int status(ArchiveException e) {
        return of(e.errorCode()).status();
    }

    public static String title(ArchiveException e) {
        return of(e.errorCode()).title();
    }
}
