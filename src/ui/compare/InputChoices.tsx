import { memo, useState } from 'react';
import { imageInputName } from '../../compare/image.ts';
import { type InputChoice, type Normalization, useAppStore } from '../../store/index.ts';
import './inputs.css';

type ChoiceKind = InputChoice['kind'];

const KIND_LABELS: Readonly<Record<ChoiceKind, string>> = {
  random: 'Seeded random',
  values: 'Values',
  file: 'File (.npy, .pb)',
  picture: 'Picture',
};

/**
 * Per graph input, where its data comes from: seeded random data (the default), typed values, a
 * .npy or .pb file, or a picture (for an image input). The choices are the store's; files are
 * read by the store, which refuses those that do not fit the input with a sentence.
 */
export const InputChoices = memo(function InputChoices() {
  const inputs = useAppStore((s) => s.snapshot?.summary.inputs);
  if (!inputs || inputs.length === 0) return null;
  const imageInput = imageInputName(inputs);
  return (
    <fieldset className="input-choices">
      <legend>Inputs</legend>
      {inputs.map((input) => (
        <InputRow key={input.name} name={input.name} type={input.type} image={input.name === imageInput} />
      ))}
    </fieldset>
  );
});

function InputRow({ name, type, image }: { name: string; type: string; image: boolean }) {
  const choice = useAppStore((s) => s.inputChoices[name]);
  const setChoice = useAppStore((s) => s.setInputChoice);
  const setImage = useAppStore((s) => s.setImage);
  // A file or a picture counts once it is read; until then the select shows what was picked.
  const [picked, setPicked] = useState<ChoiceKind | undefined>();
  const kind: ChoiceKind = choice?.kind ?? 'random';
  const shown = kind === 'random' ? (picked ?? 'random') : kind;
  const kinds: ChoiceKind[] = image ? ['random', 'values', 'file', 'picture'] : ['random', 'values', 'file'];
  const choose = (next: ChoiceKind) => {
    // One source per input: leaving the picture drops it.
    if (image && next !== 'picture') void setImage(undefined);
    setChoice(name, next === 'values' ? { kind: 'values', text: '' } : { kind: 'random' });
    setPicked(next);
  };
  return (
    <div className="input-choice">
      <label className="field wide">
        <span className="input-name" title={`${name}: ${type}`}>
          {name} <span className="muted">{type}</span>
        </span>
        <select aria-label={`Data for ${name}`} value={shown} onChange={(e) => choose(e.target.value as ChoiceKind)}>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {shown === 'values' && <ValuesField name={name} text={choice?.kind === 'values' ? choice.text : ''} />}
      {shown === 'file' && <FileField name={name} chosen={choice?.kind === 'file' ? choice : undefined} />}
      {image && (shown === 'random' || shown === 'picture') && <ImageField target={name} />}
    </div>
  );
}

/** Values typed as a list: "16000", "0.5, -1, 2", a nested list pasted from NumPy. Checked when the comparison runs. */
function ValuesField({ name, text }: { name: string; text: string }) {
  const setChoice = useAppStore((s) => s.setInputChoice);
  return (
    <label className="field wide">
      <span>Values (one fills the input)</span>
      <input
        type="text"
        aria-label={`Values for ${name}`}
        placeholder="e.g. 16000 or 0.5, -1, 2"
        value={text}
        spellCheck={false}
        onChange={(e) => setChoice(name, { kind: 'values', text: e.target.value })}
      />
    </label>
  );
}

/** A .npy or .pb file for one input, as a button and a state of our own (see ImageField). */
function FileField({ name, chosen }: { name: string; chosen: Extract<InputChoice, { kind: 'file' }> | undefined }) {
  const loadInputFile = useAppStore((s) => s.loadInputFile);
  return (
    <div className="field wide">
      <div className="file-pick">
        <label className="button">
          Choose file…
          <input
            type="file"
            accept=".npy,.pb"
            aria-label={`Input file for ${name}`}
            className="visually-hidden"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void loadInputFile(name, file);
              e.target.value = '';
            }}
          />
        </label>
        <span className="file-state" data-testid={`input-file-state-${name}`}>
          {chosen ? `${chosen.fileName}: [${chosen.tensor.dims.join(', ')}]` : 'None: seeded random data'}
        </span>
      </div>
    </div>
  );
}

/** An optional picture for the model's image input: resized to its H×W and normalized. */
function ImageField({ target }: { target: string }) {
  const image = useAppStore((s) => s.image);
  const normalization = useAppStore((s) => s.normalization);
  const setImage = useAppStore((s) => s.setImage);
  const setNormalization = useAppStore((s) => s.setNormalization);
  return (
    <>
      <div className="field wide">
        <span>Input image for {target}</span>
        {/* The native file control shows "No file chosen" cut to "No fil…hosen" in a narrow column:
            a button and a state of our own, as "Open model" does, the input kept focusable. */}
        <div className="file-pick">
          <label className="button">
            Choose picture…
            <input
              type="file"
              accept="image/*"
              aria-label="Input image"
              className="visually-hidden"
              onChange={(e) => {
                void setImage(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </label>
          <span className="file-state" data-testid="image-state">
            {image ? image.name : 'None: seeded random data'}
          </span>
        </div>
      </div>
      <label className="field">
        <span>Normalization</span>
        <select
          aria-label="Normalization"
          value={normalization}
          onChange={(e) => setNormalization(e.target.value as Normalization)}
        >
          <option value="imagenet">ImageNet mean/std</option>
          <option value="unit">[0, 1]</option>
          <option value="signed">[-1, 1]</option>
        </select>
      </label>
      {image && (
        <p className="hint">
          Feeding {image.name} ({image.bitmap.width}×{image.bitmap.height}), resized to the input.{' '}
          <button type="button" className="link" onClick={() => void setImage(undefined)}>
            Use random data
          </button>
        </p>
      )}
    </>
  );
}
