package org.stele.domain.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What the archive learned from a file's own bytes when it was added: the header of a weights file
 * (safetensors, GGUF) or the front matter of a model card. Computed once, stored with the file, never
 * trusted beyond what was read: a header that lies yields warnings, not errors.
 *
 * @param format       {@code safetensors}, {@code gguf} or {@code model-card}
 * @param tensorCount  number of tensors the header declares
 * @param parameterCount sum over tensors of the product of their shapes (or GGUF {@code general.parameter_count})
 * @param dtypes       tensor element types, lower case ({@code bf16}, {@code q4_k})
 * @param architecture GGUF {@code general.architecture}
 * @param quantization GGUF {@code general.file_type} by name ({@code Q4_K_M})
 * @param contextLength GGUF {@code {arch}.context_length}
 * @param card         model-card front matter, with Hugging Face key names
 * @param warnings     what could not be read or did not make sense
 * @param dataset      what a training-data descriptor (Croissant or datasheet) says
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FileFacts(String format, Long tensorCount, Long parameterCount, List<String> dtypes, String architecture,
        String quantization, Long contextLength, Map<String, Object> card, List<String> warnings, DataDescriptor.Dataset dataset) {

    public FileFacts {
        dtypes = dtypes == null ? List.of() : List.copyOf(dtypes);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public FileFacts(String format, Long tensorCount, Long parameterCount, List<String> dtypes, String architecture,
            String quantization, Long contextLength, Map<String, Object> card, List<String> warnings) {
        this(format, tensorCount, parameterCount, dtypes, architecture, quantization, contextLength, card, warnings, null);
    }

    /** Facts that are only a warning, e.g. a header that could not be read. */
    public static FileFacts warning(String format, String warning) {
        return new FileFacts(format, null, null, null, null, null, null, null, List.of(warning));
    }
}
