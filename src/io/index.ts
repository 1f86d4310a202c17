/** Browser I/O for the page: reading the files a user picks, decoding and resizing pictures (DOM only here). */
export { decodePicture, picturePixels } from './pictures.ts';
export { MAX_INPUT_FILE_BYTES, readTensorFile, type TensorFileContents } from './tensor-files.ts';
