import { describe, expect, it } from 'vitest';
import { downloadedNotice, savedNotice } from './save-notices.ts';

const blob = (name: string, size: number) => ({ name, blob: new Blob([new Uint8Array(size)]) });

describe('save notices', () => {
  it('name every file written to a folder, what it replaced, and what the model still reads', () => {
    const files = [
      { name: 'm.fused.onnx', bytes: 2048, replaced: true },
      { name: 'm.fused-1.data', bytes: 10, replaced: false },
    ];
    expect(savedNotice('out', files, [])).toBe(
      'Saved to “out”: m.fused.onnx (2.0 KB), m.fused-1.data (10 B). Replaced the earlier m.fused.onnx.',
    );
    expect(savedNotice('out', files.slice(1), ['a.data', 'b.data'])).toContain(
      'The model also reads a.data, b.data, which were not opened with it: keep a copy in “out”.',
    );
  });

  it('say to keep several downloads together under their names, and how', () => {
    const files = [blob('m.fused.onnx', 100), blob('m.fused.onnx.data', 4000)];
    const withPicker = downloadedNotice(files, [], true);
    expect(withPicker).toContain('Downloaded as 2 files: m.fused.onnx (100 B), m.fused.onnx.data (4.0 KB).');
    expect(withPicker).toContain('“Save to folder…” writes them together');
    expect(downloadedNotice(files, [], false)).toContain('rename it back');
    expect(downloadedNotice(files.slice(0, 1), ['w.data'], false)).toBe(
      'Downloaded m.fused.onnx (100 B). The model also reads w.data, which was not opened with it: keep a copy in the same folder.',
    );
  });
});
