// An external video's player (releases/players.py) enters the page only when the reader presses
// play: until then the page has a link to the video and contacts no other site.
document.addEventListener("click", (event) => {
  const start = event.target.closest(".player-start");
  const player = start && start.closest(".player[data-embed]");
  if (!player) return;
  event.preventDefault();
  const frame = document.createElement("iframe");
  frame.src = player.dataset.embed;
  frame.title = player.dataset.title || start.textContent.trim();
  frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  player.replaceChildren(frame);
  player.classList.add("is-playing");
});
