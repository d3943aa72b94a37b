import type { Facts } from './facts.js';
import { badRequest, q } from './refusal.js';

/**
 * Images. The engine's create answers "No such image" for an image that is not here (the
 * docker CLI would then pull it); Netloom never pulls — a graph tool should not reach out
 * to a registry behind a person's back — so a missing image is a bad request that says
 * how to get it.
 */
export async function imagePresent(facts: Facts, image: string): Promise<void> {
  if (await facts.image(image)) return;
  // `docker pull busybox` fetches busybox:latest, and so does a run of the bare name.
  throw badRequest(
    'image',
    'image-missing',
    `image ${q(image)} (image) is not on this host and Netloom never pulls: get it with "docker pull ${image}", or make it with "docker build" or "docker import"`,
  );
}
