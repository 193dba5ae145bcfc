/**
 * Vite's `?raw` imports (a file's content as a string). tsconfig's `types` leaves out `vite/client`, which
 * declares these (and browser globals that would clash with the Node ones the tests use), so only this is
 * declared.
 */
declare module '*?raw' {
  const content: string;
  export default content;
}
