"""The public register of video-protection cameras: where each one is, what for, on what
authority and by whom. It holds no image and no video, ever."""
