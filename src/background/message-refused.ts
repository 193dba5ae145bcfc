/** A message the background will not act on (wrong sender, malformed payload); answered as an error. */
export class MessageRefused extends Error {
  constructor(reason: string) {
    super(`WireTrace refused the message: ${reason}`);
    this.name = 'MessageRefused';
  }
}
