// Drives the real @huggingface/hub client against a Stele server, for HfJsClientTest.
//
//   node hub-client.mjs <hubUrl> <repo> <revision> <outDir>
//
// Environment: HF_TOKEN (optional access token), MISSING_PATH (a path the revision does not have).
// Writes <outDir>/result.json (stdout is not used: the client logs there) holding, per call, either its
// result or the error it threw ({name, message, statusCode}), plus every HTTP request the client made.
// Downloaded files land in <outDir>/download/<path>; snapshotDownload's cache in <outDir>/cache.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
	downloadFile,
	downloadFileToCacheDir,
	fileDownloadInfo,
	listFiles,
	modelInfo,
	snapshotDownload,
} from "@huggingface/hub";

const [hubUrl, repo, revision, outDir] = process.argv.slice(2);
const accessToken = process.env.HF_TOKEN || undefined;
const missingPath = process.env.MISSING_PATH || "no-such-file.bin";

const requests = [];
const recordingFetch = async (input, init = {}) => {
	const response = await fetch(input, init);
	const headers = new Headers(init.headers);
	requests.push({
		method: init.method ?? "GET",
		url: String(input),
		range: headers.get("Range"),
		status: response.status,
	});
	return response;
};
const common = { hubUrl, accessToken, fetch: recordingFetch };
const modelRepo = { type: "model", name: repo };

async function attempt(call) {
	try {
		return { value: await call() };
	} catch (error) {
		return { error: { name: error?.constructor?.name ?? typeof error, message: String(error?.message ?? error), statusCode: error?.statusCode } };
	}
}

const result = {};

result.modelInfo = await attempt(async () => {
	const info = await modelInfo({ ...common, name: repo, revision, additionalFields: ["sha"] });
	return { ...info, updatedAt: info.updatedAt instanceof Date && !isNaN(info.updatedAt) ? info.updatedAt.toISOString() : null };
});

result.listFiles = await attempt(async () => {
	const entries = [];
	for await (const entry of listFiles({ ...common, repo: modelRepo, revision, recursive: true })) {
		entries.push(entry);
	}
	return entries;
});

result.files = {};
for (const entry of result.listFiles.value ?? []) {
	if (entry.type !== "file") {
		continue;
	}
	const path = entry.path;
	result.files[path] = {
		info: await attempt(() => fileDownloadInfo({ ...common, repo: modelRepo, path, revision })),
		rawInfo: await attempt(() => fileDownloadInfo({ ...common, repo: modelRepo, path, revision, raw: true })),
		download: await attempt(async () => {
			const blob = await downloadFile({ ...common, repo: modelRepo, path, revision });
			const target = join(outDir, "download", path);
			await mkdir(dirname(target), { recursive: true });
			await writeFile(target, Buffer.from(await blob.arrayBuffer()));
			// A slice goes out as its own Range request: bytes 1..4.
			const slice = blob.size >= 5 ? Buffer.from(await blob.slice(1, 5).arrayBuffer()).toString("hex") : null;
			return { file: target, size: blob.size, slice };
		}),
	};
}

// What the script itself asks for by name, whatever listFiles answered (e.g. for a withdrawn revision).
result.config = {
	info: await attempt(() => fileDownloadInfo({ ...common, repo: modelRepo, path: "config.json", revision })),
	download: await attempt(async () => (await downloadFile({ ...common, repo: modelRepo, path: "config.json", revision })) !== null),
};

result.missing = {
	info: await attempt(() => fileDownloadInfo({ ...common, repo: modelRepo, path: missingPath, revision })),
	download: await attempt(async () => (await downloadFile({ ...common, repo: modelRepo, path: missingPath, revision })) === null),
	toCacheDir: await attempt(() =>
		downloadFileToCacheDir({ ...common, repo: modelRepo, path: missingPath, revision, cacheDir: join(outDir, "cache") }),
	),
};

result.snapshot = await attempt(() => snapshotDownload({ ...common, repo: modelRepo, revision, cacheDir: join(outDir, "cache") }));

result.requests = requests;
await mkdir(outDir, { recursive: true });
await writeFile(join(outDir, "result.json"), JSON.stringify(result, null, 2));
