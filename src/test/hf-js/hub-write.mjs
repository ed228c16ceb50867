// Drives the real @huggingface/hub client's writes against a Stele server, for HfJsWriteTest.
//
//   node hub-write.mjs <hubUrl> <repo> <outDir>
//
// Environment: HF_TOKEN (a token that may write the repo's namespace). Creates the repo, uploads a model card, a
// config and a multi-MiB weights file (multipart LFS, parts in parallel), deletes a file in a second commit, and
// writes <outDir>/result.json with what each call returned or threw.
import { createHash, randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createRepo, deleteFile, uploadFiles } from "@huggingface/hub";

const [hubUrl, repo, outDir] = process.argv.slice(2);
const accessToken = process.env.HF_TOKEN;
const result = {};
const attempt = async (name, call) => {
	try {
		result[name] = { value: (await call()) ?? null };
	} catch (e) {
		result[name] = { error: { name: e.name, message: e.message, statusCode: e.statusCode ?? null } };
	}
};

const weights = randomBytes(3 * 1024 * 1024 + 777);
result.weightsSha256 = createHash("sha256").update(weights).digest("hex");
await attempt("createRepo", () => createRepo({ repo, accessToken, hubUrl, license: "mit" }));
await attempt("upload", () =>
	uploadFiles({
		repo,
		accessToken,
		hubUrl,
		useXet: false,
		files: [
			{ path: "README.md", content: new Blob(["---\nlicense: mit\ntags:\n- js\n---\n# From JS\n"]) },
			{ path: "config.json", content: new Blob(['{"model_type":"bert"}']) },
			{ path: "model.safetensors", content: new Blob([weights]) },
			{ path: "scratch.txt", content: new Blob(["to be deleted\n"]) },
		],
	}),
);
await attempt("delete", () => deleteFile({ repo, accessToken, hubUrl, path: "scratch.txt" }));
await writeFile(join(outDir, "result.json"), JSON.stringify(result, null, 1));
